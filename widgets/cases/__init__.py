"""Lesson 5, the capstone: integrated clinical cases (synthetic patients) walked through step by step."""
