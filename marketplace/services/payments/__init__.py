"""Payments: gateway calls recorded as attempts, refunds, KOL payouts and earnings."""
