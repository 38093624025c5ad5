using System;
using Neptune.CodeGen.Import.Cli;

return ImportCommand.Run(args, Console.Out, Console.Error);
