public static class Placeholder { public static void Main() { } }
