"""The department's pages: rosters, swaps, leave, handover, violations, escalations, meetings.

A shell around :mod:`serviq.workforce`: it stores and audits; every rule is the core's.
"""
