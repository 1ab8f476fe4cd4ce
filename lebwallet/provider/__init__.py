"""provider layer of LEB Wallet (see DESIGN.md): the provider's HTTP API as the wallet sees it.

`wire` holds the pydantic models of resources/openapi.yaml and the edge converters.
"""
