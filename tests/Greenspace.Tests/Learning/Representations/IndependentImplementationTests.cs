using System.Text.Json;
using Greenspace.Learning.Representations;
using Greenspace.Tests.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Learning.Representations;

/// <summary>
/// SLATM and FCHL19 against a second, independent implementation of the same published definitions: plain loops in
/// numpy (Debian's python3-numpy), written from the formulas, run as a process on QM7 molecules of every size
/// (methane to 23 atoms, one with sulfur). qmlcode itself is not installable here; this checks the C# against the
/// formulas, not against qmlcode's binary.
/// </summary>
public class IndependentImplementationTests
{
    [Fact]
    public async Task SLATM_and_FCHL19_equal_a_numpy_implementation_of_the_formulas()
    {
        var molecules = new[] { 0, 1, 700, 2500, 4800, 7000 }.Select(i => Qm7.All[i])
            .Append(Qm7.All.First(m => m.AtomicNumbers.Contains(16)))
            .Append(Qm7.All.First(m => m.AtomCount == 23)).ToList();
        var largest = Qm7.All.SelectMany(m => m.AtomicNumbers.GroupBy(z => z)).GroupBy(g => g.Key).ToDictionary(g => g.Key, g => g.Max(x => x.Count()));
        var slatm = new Slatm(largest);
        var fchl = new Fchl19();

        string directory = TestData.NewTempDirectory("gs-repr-");
        string input = Path.Combine(directory, "molecules.json");
        File.WriteAllText(input, JsonSerializer.Serialize(new
        {
            maxcount = largest.ToDictionary(p => p.Key.ToString(), p => p.Value),
            molecules = molecules.Select(m => new { z = m.AtomicNumbers.ToArray(), r = m.PositionsAngstrom.Select(p => new[] { p.X, p.Y, p.Z }).ToArray() }),
        }));
        string output = await ExternalPrograms.RunAsync(directory, ExternalPrograms.Python, "-c", NumpyScript, input);
        Directory.Delete(directory, true);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(molecules.Count, lines.Length);
        for (int m = 0; m < molecules.Count; m++)
        {
            using var json = JsonDocument.Parse(lines[m]);
            var numpySlatm = json.RootElement.GetProperty("slatm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var numpyFchl = json.RootElement.GetProperty("fchl19").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double slatmDifference = Moves.RelativeDifference(numpySlatm, slatm.Featurise(molecules[m]));
            double fchlDifference = Moves.RelativeDifference(numpyFchl, fchl.Featurise(molecules[m]));
            Assert.True(slatmDifference < 1e-11, $"SLATM of {molecules[m]} differs from numpy by {slatmDifference:E2} (relative)");
            Assert.True(fchlDifference < 1e-11, $"FCHL19 of {molecules[m]} differs from numpy by {fchlDifference:E2} (relative)");
        }
    }

    private const string NumpyScript = """
        # Independent loop-by-loop FCHL19 and SLATM from the published formulas (qmlcode's definitions), numpy only.
        import json, sys, math
        import numpy as np

        def fchl19(z, R, elements=(1, 6, 7, 8, 16), n2=24, n3=20, eta2=0.32, eta3=2.7, zeta=math.pi,
                   rcut=8.0, acut=8.0, d2=1.8, d3=0.57, w3=13.4):
            ne = len(elements); idx = {e: k for k, e in enumerate(elements)}
            Rs2 = np.linspace(0, rcut, n2 + 1)[1:]; Rs3 = np.linspace(0, acut, n3 + 1)[1:]
            w = math.sqrt(eta3 / math.pi) * w3
            pair_index = {}
            for p in range(ne):
                for q in range(p, ne):
                    pair_index[(p, q)] = len(pair_index)
            size = ne * n2 + len(pair_index) * n3 * 2
            n = len(z); rep = np.zeros((n, size))
            D = np.linalg.norm(R[:, None, :] - R[None, :, :], axis=-1)
            fc = lambda r, c: 0.5 * (math.cos(math.pi * r / c) + 1)
            for i in range(n):
                for j in range(n):
                    if j == i or D[i, j] > rcut: continue
                    r = D[i, j]
                    s2 = math.log(1 + eta2 / r**2); mu = math.log(r / math.sqrt(1 + eta2 / r**2))
                    g = 1 / (math.sqrt(s2) * math.sqrt(2 * math.pi) * Rs2) * np.exp(-(np.log(Rs2) - mu)**2 / (2 * s2))
                    rep[i, idx[z[j]] * n2:(idx[z[j]] + 1) * n2] += g * fc(r, rcut) / r**d2
                for j in range(n):
                    for k in range(j + 1, n):
                        if i in (j, k) or D[i, j] > acut or D[i, k] > acut: continue
                        def cosat(a, b, c):
                            u = R[a] - R[b]; v = R[c] - R[b]
                            return float(u @ v / np.linalg.norm(u) / np.linalg.norm(v))
                        ci, cj, ck = cosat(j, i, k), cosat(i, j, k), cosat(i, k, j)
                        theta = math.acos(max(-1.0, min(1.0, ci)))
                        atm = w * (1 + 3 * ci * cj * ck) / (D[i, j] * D[i, k] * D[j, k])**d3
                        radial = np.exp(-eta3 * (0.5 * (D[i, j] + D[i, k]) - Rs3)**2) * fc(D[i, j], acut) * fc(D[i, k], acut)
                        ang = 2 * math.exp(-zeta**2 / 2) * np.array([math.cos(theta), math.sin(theta)])
                        p, q = sorted((idx[z[j]], idx[z[k]]))
                        start = ne * n2 + pair_index[(p, q)] * n3 * 2
                        rep[i, start:start + n3 * 2] += np.outer(radial, ang).ravel() * atm
            return rep

        def slatm(z, R, elements, maxcount, sigma=0.05, dgrid=0.03, rcut=4.8):
            norm = 1 / math.sqrt(2 * math.pi * sigma**2)
            xs = np.linspace(0.1, rcut, int((rcut - 0.1) / dgrid) + 1)
            a0, a1 = -20 * math.pi / 180, math.pi + 20 * math.pi / 180
            ths = np.linspace(a0, a1, int((a1 - a0) / dgrid) + 1)
            pairs = [(e, e) for e in elements] + [(a, b) for ai, a in enumerate(elements) for b in elements[ai + 1:]]
            triples = []
            for i in elements:
                for (j, k) in pairs:
                    for t in ([i, j, k], [i, k, j], [j, i, k]):
                        if t not in triples and t[::-1] not in triples and all(t.count(e) <= maxcount[e] for e in elements):
                            triples.append(t)
            out = [float(e * sum(1 for x in z if x == e)) for e in elements]
            n = len(z)
            D = np.linalg.norm(R[:, None, :] - R[None, :, :], axis=-1)
            blocks2 = {p: np.zeros(len(xs)) for p in pairs}
            for i in range(n):
                for j in range(i + 1, n):
                    if D[i, j] >= rcut: continue
                    key = tuple(sorted((z[i], z[j])))
                    blocks2[key] += norm * z[i] * z[j] / xs**6 * dgrid * np.exp(-(xs - D[i, j])**2 / (2 * sigma**2))
            blocks3 = {tuple(t): np.zeros(len(ths)) for t in triples}
            def cosat(p, q, r):
                u = R[p] - R[q]; w = R[r] - R[q]
                return float(u @ w / np.linalg.norm(u) / np.linalg.norm(w))
            for j in range(n):
                for i in range(n):
                    for k in range(i + 1, n):
                        if j in (i, k) or D[i, j] > rcut or D[j, k] > rcut or D[i, k] > rcut: continue
                        key = (z[i], z[j], z[k])
                        if key not in blocks3: key = key[::-1]
                        if key not in blocks3: continue
                        th = math.acos(max(-1.0, min(1.0, cosat(i, j, k))))
                        c0 = norm * dgrid * z[i] * z[j] * z[k] / 3
                        blocks3[key] += c0 * (1 + np.cos(ths) * cosat(i, k, j) * cosat(k, i, j)) / (D[i, j] * D[i, k] * D[j, k])**3 * np.exp(-(ths - th)**2 / (2 * sigma**2))
            for p in pairs: out.extend(blocks2[p])
            for t in triples: out.extend(blocks3[tuple(t)])
            return np.array(out)

        data = json.load(open(sys.argv[1]))
        maxcount = {int(k): v for k, v in data['maxcount'].items()}
        elements = sorted(maxcount)
        for m in data['molecules']:
            z = m['z']; R = np.array(m['r'])
            print(json.dumps({'fchl19': fchl19(z, R).ravel().tolist(), 'slatm': slatm(z, R, elements, maxcount).tolist()}))
        """;
}
