"""Deployment: nginx in front of several Streamlit replicas, the Debian packages and a Dockerfile."""
