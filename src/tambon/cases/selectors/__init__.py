"""Reads of the cases app (see the modules); `has_open_referrals` is the closing hook."""

from tambon.cases.selectors.hooks import has_open_referrals

__all__ = ["has_open_referrals"]
