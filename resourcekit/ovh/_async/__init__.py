"""The async OVH client, managers and records (the source of the generated sync twin)."""
