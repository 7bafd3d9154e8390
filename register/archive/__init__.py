"""The archivist's register: retention decisions, holds, worklists, destruction and transfer."""
