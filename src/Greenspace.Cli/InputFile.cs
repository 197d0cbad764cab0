using Greenspace.Execution;

namespace Greenspace.Cli;

/// <summary>A command's --input file, read through the store (SMILES embedded once), with Open Babel's cost in the run's ledger.</summary>
public static class InputFile
{
    /// <summary>Every record of <paramref name="path"/>, bad ones with their reason.</summary>
    /// <exception cref="UsageException">when the file cannot be read at all, or holds no molecules.</exception>
    public static async Task<IReadOnlyList<InputMolecule>> ReadAsync(MoleculeInputs reader, string path, RunLedger ledger,
        IEmbeddingProgress? embedding, CancellationToken cancellationToken)
    {
        IReadOnlyList<InputMolecule> inputs;
        try
        {
            inputs = await reader.ReadAsync(path, embedding, cancellationToken);
        }
        catch (InputFileException e)
        {
            throw new UsageException(e.Message);
        }
        finally
        {
            // What Open Babel spent is charged even when reading failed part way.
            foreach (var cost in reader.TakeCosts())
                ledger.ChargeSmiles(cost);
        }
        if (inputs.Count == 0)
            throw new UsageException($"the input file {path} holds no molecules");
        return inputs;
    }
}
