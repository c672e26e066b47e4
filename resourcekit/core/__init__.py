"""Provider-independent machinery: transport, retries, errors, records, pages, configuration.

Nothing in this package names a provider; providers plug in through `ProviderHooks` and an
authenticator.
"""
