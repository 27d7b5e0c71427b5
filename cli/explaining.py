"""`quarry explain "question"`: the running API's explanation, printed for a person."""

from __future__ import annotations

from cli.calling import call_api
from models.ask import Explanation


def run_explain(question: str, api: str | None, key: str | None, tenant: str | None) -> int:
    from services.settings import get_settings

    settings = get_settings()
    base = api or f"http://{settings.api_host}:{settings.api_port}"
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if tenant:
        headers["X-Quarry-Tenant"] = tenant
    url = f"{base}/v1/questions/explain"
    reply = call_api("explain", "POST", url, json={"question": question}, headers=headers)
    if reply is None:
        return 1
    print(render(Explanation.model_validate_json(reply.text)))
    return 0


def render(explanation: Explanation) -> str:
    width = max((len(w.text) for w in explanation.words), default=0)
    lines = [f"question: {explanation.question}", "", "words:"]
    lines += [f"  {w.text:<{width}}  {w.role}" for w in explanation.words]
    lines += ["", "readings, in the order tried:"]
    for candidate in explanation.candidates:
        detail = f": {candidate.detail}" if candidate.detail else ""
        lines.append(f"  {candidate.outcome:<17} {candidate.reading}{detail}")
    lines += ["", f"{explanation.outcome}: {explanation.result}"]
    return "\n".join(lines)
