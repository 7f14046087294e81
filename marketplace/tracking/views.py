"""GET /r/<code>: 302 to the product with the tracking parameter, recording the click.

Nothing here reads the session or the signed-in user, so no cookie is set; the answer is
never cached (each click counts) and carries `Referrer-Policy: no-referrer`, so the shop
learns the source from `kol_ref` only, not the page the visitor was reading. A failure to
record the click is logged and the visitor is still sent on.
"""

from __future__ import annotations

import logging

from flask import Response, current_app, redirect, render_template, request

from marketplace.domain import clicks as click_rules
from marketplace.services.tracking.clicks import ClickFacts, find_link, record_click
from marketplace.tracking import bp

log = logging.getLogger(__name__)
COUNTRY_HEADER = "CF-IPCountry"


def _facts() -> ClickFacts:
    agent = request.headers.get("User-Agent")
    return ClickFacts(
        visitor_hash=click_rules.visitor_hash(
            current_app.config["SECRET_KEY"], request.remote_addr, agent
        ),
        kind=click_rules.click_kind(request.method, agent, request.headers),
        referrer_platform=click_rules.referrer_platform(request.headers.get("Referer")),
        country=click_rules.country_code(request.headers.get(COUNTRY_HEADER)),
    )


def _uncached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/r/<code>", methods=["GET", "HEAD"])
def follow(code: str) -> Response:
    target = find_link(code)
    if target is None:
        page = render_template("tracking/not_found.html")
        return _uncached(Response(page, status=404))
    try:
        record_click(target, _facts())
    except Exception:
        log.exception("Could not record a click on link %s", code)
    return _uncached(redirect(target.redirect_url, code=302))
