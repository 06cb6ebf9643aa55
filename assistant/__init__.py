"""LLR safeguarding newsletter assistant: grounded answers with citations and always-on routes."""

__version__ = "0.1.0"
