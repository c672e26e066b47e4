"""The async hook.io client (the source of the generated sync twin)."""
