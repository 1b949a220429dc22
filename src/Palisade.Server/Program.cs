using Palisade.Server;

var app = await PalisadeServer.BuildAsync(args);
await app.RunAsync();
