/// Given names and surnames of several Latin-script languages, written without diacritics so that every letter
/// is in the cursive alphabet. Writers' names are drawn from these.
enum NameLists {
    static let given = [
        "Anna", "Peter", "Maria", "Thomas", "Laura", "Michael", "Julia", "David", "Sophie", "Robert", "Elena",
        "Marco", "Claire", "James", "Katarzyna", "Jan", "Ingrid", "Pablo", "Helen", "Lukas", "Ruth", "Oliver",
        "Nadia", "Stefan", "Emma", "Hugo", "Greta", "Victor", "Olga", "Felix", "Lucia", "Martin", "Agnes",
        "Daniel", "Ivana", "George", "Beatriz", "Karl", "Monique", "Simon", "Paula", "Walter", "Yvonne", "Bruno",
        "Teresa", "Frank", "Irene", "Xavier", "Zoe", "Quentin", "Ursula", "Henrik", "Lena", "Adrian",
    ]

    static let surnames = [
        "Smith", "Muller", "Rossi", "Dubois", "Garcia", "Kowalski", "Jansen", "Schneider", "Bianchi", "Martin",
        "Lopez", "Nowak", "Visser", "Fischer", "Romano", "Bernard", "Fernandez", "Wojcik", "Bakker", "Weber",
        "Colombo", "Thomas", "Martinez", "Kaminski", "Hendriks", "Wagner", "Ricci", "Robert", "Sanchez",
        "Lewandowski", "Brown", "Becker", "Marino", "Richard", "Gomez", "Zielinski", "Wilson", "Hoffmann",
        "Greco", "Petit", "Ortega", "Szymanski", "Taylor", "Koch", "Bruno", "Durand", "Navarro", "Walker",
        "Quinn", "Young", "Vargas", "Eriksson", "Halvorsen", "Jimenez", "Olsen", "Underwood", "Kingsley",
    ]
}
