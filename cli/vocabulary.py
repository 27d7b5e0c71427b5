"""`quarry vocabulary list|approve|edit|delete`: a tenant's remembered words, through the running
API with the admin token (ADMIN_TOKEN, or --token)."""

from __future__ import annotations

import argparse
import sys

from cli.calling import call_api
from models.vocabulary import Entry


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    words = commands.add_parser("vocabulary", help="a tenant's remembered words (admin)")
    actions = words.add_subparsers(dest="vocabulary_command", required=True)
    listing = actions.add_parser("list", help="the tenant's entries")
    listing.add_argument("--status", choices=["suggested", "approved", "set_aside"])
    for name, text in (("approve", "put an entry in use"), ("delete", "forget an entry")):
        actions.add_parser(name, help=text).add_argument("id", type=int)
    edit = actions.add_parser("edit", help="change an entry's phrase or meaning")
    edit.add_argument("id", type=int)
    edit.add_argument("--phrase")
    edit.add_argument("--meaning")
    for action in actions.choices.values():
        action.add_argument("--tenant", default=None, help="whose words (default: TENANT)")
        action.add_argument("--api", default=None, help="API base URL (default: from settings)")
        action.add_argument("--token", default=None, help="admin token (default: ADMIN_TOKEN)")


def run(args: argparse.Namespace) -> int:
    from services.settings import get_settings

    settings = get_settings()
    base = args.api or f"http://{settings.api_host}:{settings.api_port}"
    token = args.token or (settings.admin_token.get_secret_value() if settings.admin_token else "")
    if not token:
        print("quarry vocabulary: needs the admin token (ADMIN_TOKEN or --token)", file=sys.stderr)
        return 2
    params = {"tenant": args.tenant or settings.tenant}
    command: str = args.vocabulary_command
    if command == "list" and args.status:
        params["status"] = args.status
    method, path, body = _request(args)
    headers = {"Authorization": f"Bearer {token}"}
    reply = call_api(
        "vocabulary", method, f"{base}{path}", params=params, json=body, headers=headers
    )
    if reply is None:
        return 1
    found = reply.json()
    entries = [Entry.model_validate(e) for e in (found if isinstance(found, list) else [found])]
    print("\n".join(render(e) for e in entries) if entries else "no entries")
    return 0


def _request(args: argparse.Namespace) -> tuple[str, str, dict[str, str] | None]:
    command: str = args.vocabulary_command
    if command == "list":
        return "GET", "/v1/vocabulary", None
    if command == "approve":
        return "POST", f"/v1/vocabulary/{args.id}/approve", None
    if command == "delete":
        return "DELETE", f"/v1/vocabulary/{args.id}", None
    change = {k: v for k, v in (("phrase", args.phrase), ("meaning", args.meaning)) if v}
    return "PATCH", f"/v1/vocabulary/{args.id}", change


def render(entry: Entry) -> str:
    why = f" ({entry.reason})" if entry.reason else ""
    source = f"told {entry.created_at[:10]} by {entry.created_by}"
    return f"{entry.id:>4}  {entry.status:<9}  {entry.phrase!r} -> {entry.meaning!r}{why}  {source}"
