"""Serving the atlas beyond one process: nginx in front of N Streamlit replicas."""
