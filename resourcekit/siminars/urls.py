"""The built-in URL map: route names and their path templates, as ``GET /urls`` lists them.

The client asks the server for its map first and falls back to this table when the server does not
answer ``/urls``. Templates hold ``%(name)s`` placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

BUILTIN_URLS: Mapping[str, str] = MappingProxyType(
    {
        "agora_delete": "/delete",
        "agora_get": "/get",
        "all_bundles": "/jack/bundles",
        "asset": "/asset/%(asset_id)s",
        "associate": "/connect/%(service)s",
        "authtoken": "/authtoken",
        "bundle": "/bundle/%(bundle_id)s",
        "bundle_siminars": "/bundle/%(bundle_id)s/bundle_siminars",
        "bundle_users": "/bundle/%(bundle_id)s/%(role)s",
        "bundles": "/bundles/%(plan_id)s",
        "cart": "/account/cart",
        "cname": "/custom/cname",
        "coupon": "/coupon",
        "custom_url": "/custom/urls/%(url_id)s",
        "custom_urls": "/custom/urls",
        "feedback": "/feedback",
        "feedback_questions": "/feedback/questions",
        "feeds": "/feed",
        "invalidate": "/invalidate",
        "jaction": "/%(handle)s/%(object_id)s",
        "jontent": "/jack/jontent/%(jontent_id)s",
        "jontents": "/jack/jontents",
        "notify": "/notify",
        "one_time_token": "/one-time-token",
        "owner_assets": "/owner/%(owner_id)s/assets",
        "payment_accounts": "/account/payment",
        "payout_accounts": "/account/payout",
        "per_program_user": "/user/%(user_id)s",
        "plan": "/plan/%(plan_id)s",
        "plan_manager": "/plan/manager",
        "plan_templates": "/plan/templates",
        "pricing": "/price",
        "probable_siminars": "/bundle/%(bundle_id)s/probable_siminars",
        "program_user": "/user",
        "quizresult": "/quizresult/%(object_id)s",
        "relations": "/relation/%(user_id)s",
        "session": "/session/%(session_id)s",
        "session_users": "/session/%(session_id)s/%(role)s",
        "sessions": "/series/%(bundle_id)s/sessions",
        "siminar": "/jack/siminar/%(siminar_id)s",
        "siminar_users": "/siminar/%(siminar_id)s/%(role)s",
        "siminars": "/jack/siminars",
        "step": "/jack/step/%(step_id)s",
        "steps": "/jack/siminar/%(siminar_id)s/steps",
        "suggestions": "/suggestions",
        "testimonials": "/testimonial/%(object_id)s",
        "ticker": "/ticker",
        "transfer": "/plan/transfer",
        "urls": "/urls",
        "user_notifications": "/account/notifications",
    }
)
"""Route name -> path template, as documented."""

ROLES: tuple[str, ...] = ("students", "instructors")
"""The member roles of siminars, bundles and sessions (the ``%(role)s`` of their user routes)."""

JACTION_HANDLES: tuple[str, ...] = (
    "responses",
    "response",
    "comments",
    "comment",
    "skip",
    "done",
    "vote",
    "quizquestion",
    "poll",
    "polloption",
)
"""The handles of the ``jaction`` route (``/%(handle)s/%(object_id)s``)."""
