using System.Text.Json.Nodes;

namespace Greenspace.Learning.Persistence;

/// <summary>Members of a saved model's header, read with one sentence for a member that is missing or of the wrong kind.</summary>
internal static class HeaderFields
{
    public static T Required<T>(this JsonObject node, string name)
    {
        try
        {
            if (node[name] is JsonValue value)
                return value.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelFormatException($"the model's header has '{name}' = {node[name]?.ToJsonString()}, which is no {typeof(T).Name}; save the model again");
        }
        throw new ModelFormatException($"the model's header lacks '{name}'; save the model again");
    }

    public static JsonObject RequiredObject(this JsonObject node, string name) =>
        node[name] as JsonObject ?? throw new ModelFormatException($"the model's header lacks the object '{name}'; save the model again");

    public static JsonArray RequiredArray(this JsonObject node, string name) =>
        node[name] as JsonArray ?? throw new ModelFormatException($"the model's header lacks the list '{name}'; save the model again");
}
