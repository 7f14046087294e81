"""Answers for page forms posted by static/js/async-actions.js (no reload).

A form with class `js-async` is posted with `Accept: application/json`; its endpoint answers
`{ok, label, message}` so the script can relabel the button. Without JavaScript the same
endpoint redirects as before, so these helpers only decide between the two answers.
"""

from __future__ import annotations

from flask import Response, jsonify, request


def wants_json() -> bool:
    """True when the page's script (not a browser navigation) asked for a JSON answer."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes["application/json"] > 0


def action_answer(ok: bool, label: str, message: str, status: int = 200) -> tuple[Response, int]:
    """The JSON answer: `label` is the button's new text, `message` is read to the user."""
    return jsonify(ok=ok, label=label, message=message), status
