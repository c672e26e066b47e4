"""Every client takes an `ssl.SSLContext` as ``verify`` (client certificates); never run.

The context is what a user builds for mutual TLS: the CA trusted and a certificate chain loaded.
Each constructor, sync and async, and the transport options take it as they take ``True``, ``False``
or a CA bundle path.
"""

from __future__ import annotations

import ssl

from resourcekit.core.options import TransportOptions
from resourcekit.exosite import AsyncOnePlatform, AsyncProvisioning, OnePlatform, Provisioning
from resourcekit.hexonet import AsyncHexonet, Hexonet
from resourcekit.hookio import AsyncHookIO, HookIO
from resourcekit.hookio.fs import HookIOFileSystem
from resourcekit.ovh import OVH, AsyncOVH
from resourcekit.siminars import AsyncSiminars, Siminars


def sync_clients(context: ssl.SSLContext) -> None:
    OVH(verify=context)
    Hexonet(verify=context)
    HookIO(verify=context)
    OnePlatform(verify=context)
    Provisioning(verify=context)
    Siminars(verify=context)
    HookIOFileSystem(verify=context)
    TransportOptions(base_url="https://127.0.0.1:8443", verify=context)


def async_clients(context: ssl.SSLContext) -> None:
    AsyncOVH(verify=context)
    AsyncHexonet(verify=context)
    AsyncHookIO(verify=context)
    AsyncOnePlatform(verify=context)
    AsyncProvisioning(verify=context)
    AsyncSiminars(verify=context)


def the_other_settings_still_type_check() -> None:
    OVH(verify=False)
    Hexonet(verify="/etc/ssl/ca.pem")
    AsyncSiminars(verify=True)
