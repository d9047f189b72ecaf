"""Answers "what's the Wi-Fi password?" in English and Korean."""

from __future__ import annotations

from assistant.skill_api import Context, Reply, Skill

WIFI = "store.wifi"
"""The one intent this skill serves."""

GUEST_NETWORK = "Kiosk-Guest"
GUEST_PASSWORD = "welcome2025"


def wifi(ctx: Context) -> Reply:
    if ctx.slots.get("network") == "staff":
        return ctx.say("staff_only")
    return ctx.say("guest", network=GUEST_NETWORK, password=GUEST_PASSWORD)


skill = Skill(
    name="wifi",
    description="The shop's guest Wi-Fi network and password",
    handlers={WIFI: wifi},
)
