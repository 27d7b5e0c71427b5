"""The `quarry` command: `quarry up` runs the embedded stack; `quarry eval FILE` scores answers."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quarry", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up", help="start Temporal, Redis, Cube, the worker and the API")
    evaluate = commands.add_parser(
        "eval", help="ask every question of an eval file; print accuracy"
    )
    evaluate.add_argument("file", help="JSON lines: {id, question, expect}")
    evaluate.add_argument("--api", default=None, help="API base URL (default: from settings)")
    evaluate.add_argument("--wait", type=float, default=30.0, help="seconds to wait per question")
    args = parser.parse_args(argv)
    if args.command == "up":
        from stack.up import main as up

        return up()
    return run_eval(args.file, args.api, args.wait)


def run_eval(path: str, api: str | None, wait: float) -> int:
    """Prints pass/fail per question and the accuracy; non-zero only when something errs."""
    import httpx

    from services.evaluation import load_cases, run_case
    from services.settings import get_settings

    settings = get_settings()
    base = api or f"http://{settings.api_host}:{settings.api_port}"
    try:
        cases = load_cases(path)
    except (OSError, ValueError) as exc:
        print(f"quarry eval: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    passed = 0
    with httpx.Client(base_url=base, timeout=wait + 30) as http:
        for case in cases:
            try:
                result = run_case(http, case, wait)
            except httpx.HTTPError as exc:
                print(f"quarry eval: {case.id}: the API failed: {exc}", file=sys.stderr)
                return 1
            passed += result.grade.passed
            mark = "PASS" if result.grade.passed else "FAIL"
            print(
                f"{mark} {case.id} {case.question}\n     {result.text or result.status} "
                f"({result.grade.reason})"
            )
    print(f"accuracy: {passed}/{len(cases)} = {passed / max(len(cases), 1):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
