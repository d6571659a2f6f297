"""One request per endpoint of a running stance service; prints each answer.

    python benchmarks/smoke_request.py [--url http://127.0.0.1:3000]

Set STANCE_API_KEY when the server requires a key. Exits 1 if any answer is not 200.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from stance.serve.schemas import ANALYZE_EXAMPLE, CLASSIFY_EXAMPLE  # noqa: E402

REQUESTS = [
    ("GET", "/readyz", None),
    ("POST", "/model", {}),
    ("POST", "/analyze", {"text": ANALYZE_EXAMPLE, "date": "2025-03-13", "doc_id": "smoke"}),
    ("POST", "/classify", {"items": CLASSIFY_EXAMPLE}),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:3000")
    args = parser.parse_args(argv)
    key = os.environ.get("STANCE_API_KEY")
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    failed = 0
    with httpx.Client(base_url=args.url, headers=headers, timeout=60) as client:
        for method, route, body in REQUESTS:
            response = client.request(method, route, json=body)
            failed += response.status_code != 200
            try:
                shown = json.dumps(response.json(), indent=2, ensure_ascii=False)
            except ValueError:
                shown = response.text.strip() or "(empty)"
            print(f"== {method} {route} -> {response.status_code}\n{shown}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
