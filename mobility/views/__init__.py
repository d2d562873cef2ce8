"""Mobility's pages, one module per concept: applications (calls, the student's steps and files),
nominations (partner coordinators, invitations, incoming students), records (letters, key figures)."""
