"""Conversation management: sessions, slot filling, confirmation, escalation."""
