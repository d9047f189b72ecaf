"""Helpers shared by the tests: paths, a hand-moved clock, the command line in a subprocess, a scripted
conversation and the audio fixtures."""
