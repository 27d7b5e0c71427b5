"""The `quarry` command: `up` runs the embedded stack, `eval` scores answers, `explain` shows how
a question is read, `model` writes, checks and tries data models, `keys` makes keys,
`vocabulary` administers a tenant's remembered words."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quarry", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start Temporal, Redis, Cube, the worker and the API")
    up.add_argument("--open", action="store_true", help="no API keys, even if some are set")
    evaluate = commands.add_parser(
        "eval", help="ask every question of an eval file; print right / asked / wrong"
    )
    evaluate.add_argument("file", help="JSON lines: {id, question, expect}")
    evaluate.add_argument("--api", default=None, help="API base URL (default: from settings)")
    evaluate.add_argument("--wait", type=float, default=30.0, help="seconds to wait per question")
    evaluate.add_argument("--key", default=None, help="API key, when the API requires one")
    evaluate.add_argument(
        "--tenant", default=None, help="ask as this tenant (open mode only; with keys, use --key)"
    )
    why = commands.add_parser(
        "explain", help="how a question is read: each word's role, the readings tried, the result"
    )
    why.add_argument("question")
    why.add_argument("--api", default=None, help="API base URL (default: from settings)")
    why.add_argument("--key", default=None, help="API key, when the API requires one")
    why.add_argument("--tenant", default=None, help="as this tenant (open mode only)")
    model = commands.add_parser("model", help="data models")
    model_commands = model.add_subparsers(dest="model_command", required=True)
    init = model_commands.add_parser(
        "init", help="write a starter Cube data model from a SQLite database's schema"
    )
    init.add_argument("--sqlite", required=True, type=Path, help="the SQLite database file")
    init.add_argument(
        "--out", type=Path, default=None, help="folder to write (default: cube/model/<file stem>)"
    )
    init.add_argument(
        "--refresh",
        action="store_true",
        help="write an existing model again from the database, applying its curation.toml",
    )
    check = model_commands.add_parser(
        "check", help="what in a model the agent cannot use: typos in meta, missing titles"
    )
    check.add_argument("model", help="a model's name (cube/model/NAME) or folder")
    attempt = model_commands.add_parser(
        "try", help="how questions read on a model and what they answer, with no stack running"
    )
    attempt.add_argument("model", help="a model's name (cube/model/NAME) or folder")
    attempt.add_argument("questions", nargs="+")
    attempt.add_argument("--sqlite", required=True, type=Path, help="the model's SQLite file")
    keys = commands.add_parser("keys", help="API keys")
    keys_commands = keys.add_subparsers(dest="keys_command", required=True)
    add = keys_commands.add_parser("add", help="make a key for a tenant; prints it once")
    add.add_argument("tenant")
    from cli import vocabulary

    vocabulary.add_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "up":
        from stack.up import main as run_up

        return run_up(force_open=args.open)
    if args.command == "keys":
        return add_key(args.tenant)
    if args.command == "vocabulary":
        return vocabulary.run(args)
    if args.command == "model":
        from cli import modeling

        if args.model_command == "check":
            return modeling.check(args.model)
        if args.model_command == "try":
            return modeling.try_question(args.model, args.sqlite, args.questions)
        return modeling.init_model(args.sqlite, args.out, args.refresh)
    if args.command == "explain":
        from cli.explaining import run_explain

        return run_explain(args.question, args.api, args.key, args.tenant)
    return run_eval(args.file, args.api, args.wait, args.key, args.tenant)


def add_key(tenant: str) -> int:
    """Appends the key's hash to API_KEYS_FILE (default: DATA_DIR/api-keys.jsonl)."""
    import json
    import secrets

    from api.auth import hash_key
    from services.settings import get_settings
    from services.tenants import tenant_problem

    if (problem := tenant_problem(tenant)) is not None:
        print(f"quarry keys add: {problem}; no key was made.", file=sys.stderr)
        return 2
    settings = get_settings()
    path = settings.api_keys_file or settings.data_dir / "api-keys.jsonl"
    key = f"qk_{secrets.token_urlsafe(32)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as keys:
        keys.write(json.dumps({"tenant": tenant, "sha256": hash_key(key)}) + "\n")
    print(f"API key for tenant {tenant!r} (shown once; only its hash is kept in {path}):\n{key}")
    if settings.api_keys_file is None:
        print(f"Set API_KEYS_FILE={path} for the API to use it.")
    return 0


def run_eval(
    path: str, api: str | None, wait: float, key: str | None, tenant: str | None = None
) -> int:
    """Prints each question's outcome and the three counts: right, asked, confidently wrong.
    Exits non-zero only when something errs, not on wrong answers."""
    from collections import Counter

    import httpx

    from cli.evaluation import load_cases, run_case
    from services.settings import get_settings

    settings = get_settings()
    base = api or f"http://{settings.api_host}:{settings.api_port}"
    try:
        cases = load_cases(path)
    except (OSError, ValueError) as exc:
        print(f"quarry eval: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if tenant:
        headers["X-Quarry-Tenant"] = tenant
    with httpx.Client(base_url=base, timeout=wait + 30, headers=headers) as http:
        for case in cases:
            try:
                result = run_case(http, case, wait)
            except httpx.HTTPError as exc:
                print(f"quarry eval: {case.id}: the API failed: {exc}", file=sys.stderr)
                return 1
            counts[result.outcome] += 1
            print(f"{result.outcome.upper():6} {case.id} {case.question}")
            if result.interpretation:
                print(f"       answered: {result.interpretation}")
            print(f"       {result.text or result.status} ({result.grade.reason})")
    print(
        f"right {counts['right']}/{len(cases)} · asked {counts['asked']} · "
        f"confidently wrong {counts['wrong']}"
        + (f" · failed {counts['failed']}" if counts["failed"] else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
