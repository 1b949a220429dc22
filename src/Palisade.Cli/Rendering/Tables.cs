using Spectre.Console;
using Spectre.Console.Rendering;

namespace Palisade.Cli.Rendering;

/// <summary>Plain tables: cells are text, never markup, so a name with brackets prints as typed.</summary>
internal static class Tables
{
    public static Table Create(params string[] headers)
    {
        var table = new Table { Border = TableBorder.Simple };
        for (var i = 0; i < headers.Length; i++)
        {
            // The first column is the id people copy into the next command, so it never wraps; in
            // a narrow terminal the other columns wrap instead.
            var column = new TableColumn(new Text(headers[i], new Style(decoration: Decoration.Bold)));
            table.AddColumn(i == 0 ? column.NoWrap() : column);
        }

        return table;
    }

    public static Table Row(this Table table, params string?[] cells)
    {
        table.AddRow(cells.Select(c => (IRenderable)new Text(c ?? "")).ToArray());
        return table;
    }

    /// <summary>Name and value pairs, for one resource.</summary>
    public static Grid Properties(params (string Name, string? Value)[] properties)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().PadRight(2));
        grid.AddColumn();
        foreach (var (name, value) in properties)
        {
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value ?? ""));
        }

        return grid;
    }
}
