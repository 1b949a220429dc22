using Microsoft.Extensions.Hosting;
using Palisade.Agent;

// dotnet run --project src/Palisade.Agent -- --Palisade:Agent:Server=http://127.0.0.1:8080 --Palisade:Agent:Token=… --Palisade:Agent:Host=hv1
using var agent = PalisadeAgent.Build(args);
await agent.RunAsync();
