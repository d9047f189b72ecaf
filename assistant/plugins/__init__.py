"""Skills: finding them (entry points and folders), reading and validating their files, checking them."""

from assistant.plugins.errors import SkillError
from assistant.plugins.files import Example
from assistant.plugins.registry import ENTRY_POINT_GROUP, LoadedSkill, SkillRegistry, discover

__all__ = ["ENTRY_POINT_GROUP", "Example", "LoadedSkill", "SkillError", "SkillRegistry", "discover"]
