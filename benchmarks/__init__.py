"""serviq's benchmarks: ``make bench`` (or ``python -m benchmarks [NAME ...]``) runs them.

Each ``bench_*.py`` module has a ``main(argv)`` that measures serviq and the obvious
alternative in the same run and prints the ratio. Nothing here is asserted in tests.
"""
