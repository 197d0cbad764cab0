#!/bin/sh
# Stand-in for psi4 or nwchem that crashes with SIGSEGV, as a real program can but not on demand.
# EngineFaultTests copies it onto a PATH of its own under the program's name. It answers the version
# probes as the real programs do (psi4 --version; nwchem on an empty input), then crashes on a run.
if [ "$1" = "--version" ]; then echo "1.3.2"; exit 0; fi
if [ -f "$1" ] && [ ! -s "$1" ]; then echo " Northwest Computational Chemistry Package (NWChem) 7.0.2"; exit 0; fi
echo "starting a calculation"
kill -SEGV $$
