"""Built-in skills, registered through the ``assistant.skills`` entry point like any third-party skill."""
