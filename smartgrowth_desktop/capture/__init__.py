"""Business-card photos read offline: load, straighten, OCR (Tesseract 5), parse fields.

No Qt here (``tests/test_architecture.py``). The services use ``reader.read_card``;
the review screen and the CLI see only ``proposal.CardProposal`` and
``services/card_import.py``.
"""
