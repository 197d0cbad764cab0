using System.Globalization;
using System.Text;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Engines.Psi4;

/// <summary>
/// Writes a psi4 1.3 input (psithon) for a request with filled keywords. The molecule keeps the
/// caller's frame and atom order (<c>no_com</c>, <c>no_reorient</c>, <c>symmetry c1</c>), so that
/// gradients and optimised positions need no transformation back. Every filled keyword is set
/// explicitly, so psi4 runs with what the request's identity says. The input ends in a few lines of
/// Python that write the numbers to <see cref="ResultFileName"/> as JSON, rather than leaving them to
/// be scraped from the human-readable log.
/// </summary>
public static class Psi4InputWriter
{
    public const string InputFileName = "in.dat";
    public const string OutputFileName = "out.dat";
    public const string ResultFileName = "greenspace-result.json";

    /// <summary>The name a caller's basis file takes in the scratch directory; psi4 looks in its working directory first.</summary>
    public const string UserBasisName = "gs_user_basis";

    public static string Write(CalculationRequest request, int memoryMiB)
    {
        var inv = CultureInfo.InvariantCulture;
        var mol = request.Molecule;
        var method = Psi4Keywords.CanonicalMethod(request.Method)!;
        var k = request.Keywords;
        var sb = new StringBuilder();
        sb.Append("# Written by Greenspace: ").Append(request.Label).Append('\n');
        sb.Append("memory ").Append(memoryMiB.ToString(inv)).Append(" mib\n\n");

        sb.Append("molecule gs {\n");
        sb.Append(mol.Charge.ToString(inv)).Append(' ').Append(mol.Multiplicity.ToString(inv)).Append('\n');
        for (int i = 0; i < mol.AtomCount; i++)
        {
            var p = mol.PositionsAngstrom[i];
            sb.Append(Elements.Symbol(mol.AtomicNumbers[i]).PadRight(3))
              .Append(string.Create(inv, $" {p.X,20:F12} {p.Y,20:F12} {p.Z,20:F12}\n"));
        }
        sb.Append("units angstrom\nsymmetry c1\nno_reorient\nno_com\n}\n\n");

        sb.Append("set basis ").Append(k.ContainsKey(Psi4Keywords.BasisFileKey) ? UserBasisName : request.Basis).Append('\n');
        foreach (var (key, value) in k)
        {
            if (Psi4Keywords.GreenspaceOnly.Contains(key))
                continue;
            var split = key.IndexOf("__", StringComparison.Ordinal);
            sb.Append("set ")
              .Append(split > 0 ? key[..split] + " " + key[(split + 2)..] : key)
              .Append(' ').Append(value).Append('\n');
        }

        var call = request.Driver switch
        {
            Driver.Energy => $"_gs_e, _gs_wfn = energy('{method}', return_wfn=True)",
            Driver.Gradient => $"_gs_g, _gs_wfn = gradient('{method}', return_wfn=True)\n    _gs_e = _gs_wfn.energy()",
            Driver.Optimization => $"_gs_e, _gs_wfn, _gs_history = optimize('{method}', return_wfn=True, return_history=True)",
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
        var extra = request.Driver switch
        {
            Driver.Gradient => "    _gs_doc['gradient'] = _gs_g.to_array().tolist()\n",
            Driver.Optimization =>
                "    _gs_doc['geometry_angstrom'] = (gs.geometry().to_array() * psi4.constants.bohr2angstroms).tolist()\n" +
                "    _gs_doc['optimization_steps'] = len(_gs_history['energy'])\n",
            _ => "",
        };
        // A correlated method's wavefunction carries other arrays in epsilon_a (DF-MP2 gradients
        // leave natural occupations there), so orbital energies come from the reference SCF.
        sb.Append($$"""

            import json as _gs_json, math as _gs_math

            def _gs_write(doc):
                with open('{{ResultFileName}}', 'w') as f:
                    _gs_json.dump(doc, f)

            try:
                {{call}}
                _gs_ref = _gs_wfn.reference_wavefunction() or _gs_wfn
                _gs_doc = {
                    'energy': float(_gs_e),
                    'nalpha': _gs_ref.nalpha(),
                    'nbeta': _gs_ref.nbeta(),
                    'epsilon_a': _gs_ref.epsilon_a().to_array().tolist(),
                    'epsilon_b': _gs_ref.epsilon_b().to_array().tolist(),
                    'variables': {k: float(v) for k, v in core.scalar_variables().items() if _gs_math.isfinite(v)},
                }
            {{extra}}    _gs_write(_gs_doc)
            except Exception as _gs_err:
                _gs_write({'error': type(_gs_err).__name__, 'message': str(_gs_err)})
                raise

            """);
        return sb.ToString();
    }
}
