"""ClaimReview's claim-length limit, under the name the verdict checks import it by. The
ClaimReview export itself is `exports/claimreview.py`."""

from __future__ import annotations

from .models import CLAIM_LIMIT

__all__ = ["CLAIM_LIMIT"]
