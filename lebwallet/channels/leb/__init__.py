"""The LEB provider as a top-up channel: `LebChannel` adapts `lebwallet.provider`'s client
(`resources/openapi.yaml`) to the port of `lebwallet.services.channels`."""
