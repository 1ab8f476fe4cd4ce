"""sandbox layer of LEB Wallet (see DESIGN.md)."""
