namespace CustomerService.Deployment.Tests; public static class Probe { }
