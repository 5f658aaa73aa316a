"""Builds the evidence engine's compiled loops (saferplaces/evidence/_kernels.c) at install time.

Everything else about the package is declared in pyproject.toml. The flags keep the arithmetic exact
and portable: -O3 vectorises the Knox tally loop; -ffp-contract=off forbids fused multiply-adds, so
sums round as the Python reference tests compute them; no -ffast-math and no -march=native, so the
same numbers come out on every x86-64 or ARM machine.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("saferplaces.evidence._kernels", ["saferplaces/evidence/_kernels.c"],
                             extra_compile_args=["-O3", "-ffp-contract=off"])])
