"""Shared test set-up: a headless matplotlib-free, network-free environment."""
import os

os.environ.setdefault("HFS_PRESENTER", "0")
