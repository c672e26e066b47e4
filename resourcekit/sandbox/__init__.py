"""The local emulators of every provider, the fault layer and the servers that run them."""
