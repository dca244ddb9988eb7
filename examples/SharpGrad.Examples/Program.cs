System.Console.WriteLine("SharpGrad examples");
