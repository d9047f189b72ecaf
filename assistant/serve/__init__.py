"""``assistant serve``: the voice server for satellites (Wyoming protocol) and the staff console.

- ``settings.py``: ``ServeSettings``, what the command line sets.
- ``workers.py``: the speech workers; each owns its own recognizers (engines are not thread-safe).
- ``connection.py``: one satellite or Wyoming client connection: pipeline, ``asr``, ``tts``, ``describe``.
- ``server.py``: listening, the satellite limit, dialling out to satellites, stopping.
- ``info.py``: what ``describe`` answers.
- ``run.py``: binds the ports, runs the voice server and the console in one event loop until stopped.

The composition (store, dialogue, workers, synthesizer, console) is in ``assistant.app``.
"""
