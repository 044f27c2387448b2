"""Bulk tools: the CSV format of SPEC §6, the batched writer, import and export."""
