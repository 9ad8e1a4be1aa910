"""Delphi consultation statistics: response rate, authority, consensus and concordance.

:mod:`serviq.delphi.consultation` computes one round's statistics, :mod:`.concordance`
Kendall's W with the tie correction, :mod:`.rules` the screening thresholds
(``delphi/rules.yaml``). No web framework, no I/O beyond the rules file.
"""
