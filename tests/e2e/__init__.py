"""End-to-end tests: the real app parts over loopback and in a real browser."""
