"""What a notification says and where it leads, worded in the reader's language.

Rows store only the kind (`contract.<action>`) and a small payload (the contract's title,
who acted, how many messages); the sentence is built when it is shown, so it follows the
reader's language, not the sender's.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from marketplace.models import Notification
from marketplace.services.notifications import texts_admin, texts_disputes, texts_payments

TEXTS: dict[str, Any] = {
    "contract.offer": _l("%(name)s sent you an offer: %(title)s"),
    "contract.counter": _l("%(name)s made a counter-offer on %(title)s"),
    "contract.accept": _l("%(name)s accepted the offer for %(title)s; fund it to start"),
    "contract.decline": _l("%(name)s declined the offer for %(title)s"),
    "contract.withdraw": _l("%(name)s withdrew the offer for %(title)s"),
    "contract.expire": _l("The offer for %(title)s expired without an answer"),
    "contract.fund": _l("%(name)s funded the escrow for %(title)s; you can start the work"),
    "contract.funding_deadline": _l("%(title)s was cancelled: it was not funded in time"),
    "contract.submit": _l("%(name)s submitted the work for %(title)s; please review it"),
    "contract.request_revision": _l("%(name)s asked for a revision of %(title)s"),
    "contract.approve": _l("%(name)s approved %(title)s; the payment is released"),
    "contract.auto_approve": _l("%(title)s was approved automatically; the payment is released"),
    "contract.request_cancel": _l("%(name)s asked to cancel %(title)s; agree or carry on"),
    "contract.cancel": _l("%(name)s cancelled %(title)s"),
    "contract.confirm_cancel": _l("%(name)s agreed to cancel %(title)s; the escrow is refunded"),
    "contract.dispute": _l("%(name)s opened a dispute on %(title)s"),
    "contract.resolve": _l("An administrator resolved the dispute on %(title)s"),
    "contract.review": _l("%(name)s reviewed you for %(title)s; write yours to see it"),
    "contract.reviews_revealed": _l("%(name)s reviewed you for %(title)s; both reviews are shown"),
    "invitation.accepted": _l("%(name)s accepted your invitation and applied to %(title)s"),
    "invitation.declined": _l("%(name)s declined your invitation to %(title)s"),
}
TEXTS.update(texts_payments.TEXTS)
TEXTS.update(texts_admin.TEXTS)
TEXTS.update(texts_disputes.TEXTS)
FALLBACK = _l("%(title)s has changed")


def notification_text(notification: Notification) -> str:
    """The sentence for one notification, in the current language."""
    payload = notification.payload or {}
    values = {
        **{key: value for key, value in payload.items() if isinstance(value, str | int)},
        "name": payload.get("by") or _l("Someone"),
        "title": payload.get("title") or _l("a contract"),
    }
    if notification.kind == "contract.message":
        count = int(payload.get("count") or 1)
        return ngettext(
            "%(name)s sent you a message about %(title)s",
            "%(num)d new messages about %(title)s",
            count,
            **values,
        )
    template = TEXTS.get(notification.kind, FALLBACK)
    return str(template) % values


def notification_url(notification: Notification) -> str:
    """The page the notification leads to: the contract page (served by the contract pages)."""
    if notification.contract_id is not None:
        return f"/contracts/{notification.contract_id}"
    brief_id = (notification.payload or {}).get("brief_id")
    if notification.kind.startswith("invitation.") and isinstance(brief_id, int):
        return f"/brand/briefs/{brief_id}"
    return "/notifications"
