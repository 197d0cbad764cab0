#!/bin/sh
# Stand-in for psi4 or nwchem that runs, exits 0 and leaves garbage: a real program cannot be made to
# do that on demand. EngineFaultTests copies it onto a PATH of its own under the program's name.
# It answers the version probes as the real programs do (psi4 --version; nwchem on an empty input).
if [ "$1" = "--version" ]; then echo "1.3.2"; exit 0; fi
if [ -f "$1" ] && [ ! -s "$1" ]; then echo " Northwest Computational Chemistry Package (NWChem) 7.0.2"; exit 0; fi
echo "%%%% 0xDEADBEEF Total energy = banana"
printf '\001\002 binary junk \377\n'
# psi4's adapter reads this file for its numbers: leave it cut off mid-way.
printf '{"energy": -76.0, "epsilon_a": [' > greenspace-result.json
exit 0
