"""python -m stack.samples [DIR]: builds the sample databases into DIR (default .data/samples)."""

import sys
from pathlib import Path

from stack.samples import build_all

target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".data/samples")
for name, file in build_all(target).items():
    print(f"{name}: {file}")
